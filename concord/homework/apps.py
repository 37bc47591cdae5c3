from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "concord.homework"
    label = "homework"
    verbose_name = "Homework and relationships"
