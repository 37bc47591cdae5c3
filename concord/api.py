"""The JSON API under /api/v1/: every route needs a bearer token except the one that issues it."""

from concord.alliances.api import router as alliances_router
from concord.alliances.api.portfolio import router as portfolio_router
from concord.alliances.api.team import router as team_router
from concord.core.api import ConcordAPI, install_error_handlers
from concord.deals.api import router as deals_router
from concord.documents.api import router as documents_router
from concord.expectations.api import router as expectations_router
from concord.goals.api import router as goals_router
from concord.governance.api import router as governance_router
from concord.health.api import router as health_router
from concord.homework.api import router as homework_router
from concord.ip.api import router as ip_router
from concord.orgs.api import router as orgs_router
from concord.orgs.auth import BearerToken
from concord.portal.api import router as portal_router
from concord.research.api import router as research_router
from concord.risks.api import router as risks_router
from concord.winddown.api import router as winddown_router

api = ConcordAPI(
    title="Concord API",
    version="1",
    description=(
        "Alliance management for biotech–pharma partnerships. Get a token from "
        "`POST /api/v1/auth/token` and send it as `Authorization: Bearer <token>`. "
        'Every error is JSON: `{"message", "field", "errors": [{"field", "message"}]}`.'
    ),
    urls_namespace="api",
    auth=BearerToken(),
)
install_error_handlers(api)
api.add_router("", orgs_router)
api.add_router("", alliances_router)
api.add_router("", team_router)
api.add_router("", portfolio_router)
api.add_router("", portal_router)
api.add_router("", governance_router)
api.add_router("", expectations_router)
api.add_router("", deals_router)
api.add_router("", health_router)
api.add_router("", documents_router)
api.add_router("", risks_router)
api.add_router("", goals_router)
api.add_router("", ip_router)
api.add_router("", winddown_router)
api.add_router("", homework_router)
api.add_router("", research_router)
