"""Nothing is fetched from the internet at run time: pages and the API docs use local assets."""

import re

from django.test import Client


def external_assets(html: str) -> list[str]:
    """Scripts, stylesheets and images a page would load from another host."""
    return re.findall(r'(?:src|href)="(https?://[^"]+)"', html)


def test_the_api_docs_load_their_assets_from_concord_itself(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert [url for url in external_assets(html) if "/static/" not in url] == []


def test_the_alliance_page_loads_nothing_from_elsewhere(cast):
    client = Client()
    client.force_login(cast.alice)
    html = client.get(f"/alliances/{cast.helix_borealis.pk}/").content.decode()
    assert external_assets(html) == []
    assert 'src="/static/django_htmx/htmx-2.min.js"' in html
