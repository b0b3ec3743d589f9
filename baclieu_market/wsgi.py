import os
import sys

from django.core.wsgi import get_wsgi_application

from baclieu_market.config import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baclieu_market.settings")

try:
    application = get_wsgi_application()
except ConfigError as exc:
    print(f"configuration error: {exc}", file=sys.stderr)
    sys.exit(2)
