"""API of the deals capability: deal terms, milestones, royalties, Build-to-Buy, the ledger, cost
sharing, disputes, audit requests and private finance notes, always in the caller's scope.

Each module registers its endpoints on the one router; they are imported in the order the
OpenAPI document lists them.
"""

# isort: off
from concord.deals.api._common import router
from concord.deals.api import terms, royalties, buildtobuy, ledger, costshare, disputes
from concord.deals.api import amendments

# isort: on

__all__ = [
    "amendments",
    "buildtobuy",
    "costshare",
    "disputes",
    "ledger",
    "router",
    "royalties",
    "terms",
]
