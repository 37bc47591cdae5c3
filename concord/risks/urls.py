"""Risk register pages."""

app_name = "risks"

urlpatterns: list = []
