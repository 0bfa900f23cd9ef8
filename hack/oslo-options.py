"""Writes the (section, option) pairs each OpenStack process accepts, from the services' own
oslo.config option lists (what oslo-config-generator reads for the sample configs).

Run by hack/oslo-options.sh in a venv with the release's services installed. One process per list:
services register options on one global CONF, and two of them in one process collide.

Left out on purpose: options deprecated for removal, and old names of renamed options (both are
what a rendered file should not use). Added: options only registered at run time (see EXTRA).
"""
import sys

from keystoneauth1 import loading
from oslo_config import generator

NEUTRON = ["neutron", "neutron.agent", "neutron.db", "neutron.extensions", "nova.auth", "placement.auth",
           "oslo.log", "oslo.cache", "oslo.db", "oslo.policy", "oslo.privsep", "oslo.concurrency",
           "oslo.messaging", "oslo.middleware.cors", "oslo.middleware.healthcheck",
           "oslo.middleware.http_proxy_to_wsgi", "oslo.service.wsgi", "keystonemiddleware.auth_token"]

LISTS = {
    "keystone": ["keystone", "oslo.cache", "oslo.log", "oslo.messaging", "oslo.policy", "oslo.db",
                 "oslo.middleware", "osprofiler"],
    "glance-api": ["glance.api", "glance.store", "glance.multi_store", "oslo.concurrency", "oslo.messaging",
                   "oslo.db", "oslo.policy", "keystonemiddleware.auth_token", "oslo.limit", "oslo.log",
                   "oslo.middleware.cors", "oslo.middleware.healthcheck", "oslo.middleware.http_proxy_to_wsgi"],
    # placement imports lockutils, which registers [oslo_concurrency] though its sample leaves it out
    "placement": ["placement.conf", "keystonemiddleware.auth_token", "oslo.log", "oslo.middleware.cors",
                  "oslo.middleware.http_proxy_to_wsgi", "oslo.policy", "osprofiler", "oslo.concurrency"],
    "nova": ["nova.conf", "oslo.limit", "oslo.log", "oslo.messaging", "oslo.policy", "oslo.privsep",
             "oslo.service.periodic_task", "oslo.service.service", "oslo.middleware", "oslo.concurrency",
             "oslo.reports", "oslo.versionedobjects", "keystonemiddleware.auth_token", "osprofiler", "os_vif"],
    "neutron-server": NEUTRON + ["neutron.ml2"],
    "neutron-openvswitch-agent": NEUTRON + ["neutron.ml2.ovs.agent"],
    "neutron-l3-agent": NEUTRON + ["neutron.az.agent", "neutron.base.agent", "neutron.l3.agent"],
    "neutron-dhcp-agent": NEUTRON + ["neutron.az.agent", "neutron.base.agent", "neutron.dhcp.agent"],
    "neutron-metadata-agent": NEUTRON + ["neutron.metadata.agent"],
}

# Glance's reserved stores take the file store's options under their own names, at run time.
EXTRA = {"glance-api": {"os_glance_staging_store": "file", "os_glance_tasks_store": "file"}}


def pairs(namespaces):
    out = {}
    for _, groups in generator._list_opts(namespaces):
        for group, opts in groups:
            name = "DEFAULT" if group is None else group if isinstance(group, str) else group.name
            out.setdefault(name, set()).update(o.dest for o in opts if not o.deprecated_for_removal)
    # a section with auth_type loads the plugin it names at run time; ours is always password
    password = {o.dest for o in loading.get_auth_plugin_conf_options("password")}
    for name, options in out.items():
        if "auth_type" in options:
            options.update(password)
    return out


def main(name):
    out = pairs(LISTS[name])
    for section, like in EXTRA.get(name, {}).items():
        out[section] = set(out[like])
    for section in sorted(out):
        for option in sorted(out[section]):
            print(section, option)


if __name__ == "__main__":
    main(sys.argv[1])
