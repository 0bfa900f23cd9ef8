# Rendered by openstack-cloud-operator; overrides from services.horizon.config.local_settings come last.
DEBUG = False
COMPRESS_OFFLINE = True
ALLOWED_HOSTS = ['*']
SECRET_KEY = "PASSWORD-FROM-SECRET"
SESSION_ENGINE = 'django.contrib.sessions.backends.cache'
CACHES = {'default': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache', 'LOCATION': ["memcached-0.memcached:11211"]}}
OPENSTACK_KEYSTONE_URL = "http://keystone.cloud-dev.svc:5000/v3"
OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = 'Default'
OPENSTACK_ENDPOINT_TYPE = 'internalURL'
TIME_ZONE = 'UTC'
SITE_BRANDING = "Dev \"cloud\"\nimport os"
