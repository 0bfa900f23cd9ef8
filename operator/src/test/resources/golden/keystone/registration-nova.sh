set -eu
openstack project show service >/dev/null 2>&1 || openstack project create --domain default service || openstack project show service >/dev/null 2>&1
openstack user show nova >/dev/null 2>&1 || openstack user create --domain default --password "$SERVICE_PASSWORD" nova
openstack user set --password "$SERVICE_PASSWORD" nova
openstack role add --project service --user nova admin
openstack role show service >/dev/null 2>&1 || openstack role create service || openstack role show service >/dev/null 2>&1
openstack role add --project service --user nova service
openstack service show nova >/dev/null 2>&1 || openstack service create --name nova --description 'OpenStack Compute' compute
id=$(openstack endpoint list --service nova --interface internal --region RegionOne -f value -c ID | head -n1)
if [ -z "$id" ]; then openstack endpoint create --region RegionOne nova internal http://nova.cloud-dev.svc:8774/v2.1; else openstack endpoint set --url http://nova.cloud-dev.svc:8774/v2.1 "$id"; fi
id=$(openstack endpoint list --service nova --interface public --region RegionOne -f value -c ID | head -n1)
if [ -z "$id" ]; then openstack endpoint create --region RegionOne nova public http://nova.cloud-dev.svc:8774/v2.1; else openstack endpoint set --url http://nova.cloud-dev.svc:8774/v2.1 "$id"; fi
id=$(openstack endpoint list --service nova --interface admin --region RegionOne -f value -c ID | head -n1)
if [ -z "$id" ]; then openstack endpoint create --region RegionOne nova admin http://nova.cloud-dev.svc:8774/v2.1; else openstack endpoint set --url http://nova.cloud-dev.svc:8774/v2.1 "$id"; fi
