from django.apps import AppConfig


class IpConfig(AppConfig):
    name = "concord.ip"
    label = "ip"
    verbose_name = "IP register"
