from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "concord.portal"
    label = "portal"
    verbose_name = "Partnering portal"
