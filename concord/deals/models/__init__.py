"""Deal terms and the fairness ledger: fees, milestones, royalties, Build-to-Buy, payments, costs.

Every record here is shared by the parties of its alliance (both sides see the same money),
except a party's finance notes, which are private to the organisation that wrote them. Amounts
are Decimal with an ISO 4217 code; three decimal places hold every currency Concord takes
(see money.MINOR_UNITS), and services refuse an amount finer than its currency's minor unit.
"""

from concord.deals.models._common import (
    USER,
    currency_field,
    money_field,
    party_field,
    quarter_bounds,
    quarter_label,
)
from concord.deals.models.amendments import Amendment, AmendmentAct, value_in_force
from concord.deals.models.buildtobuy import BuyOption, Tranche
from concord.deals.models.costshare import CostEntry, CostShare, CostWorkstream, TrueUp
from concord.deals.models.ledger import (
    AuditRequest,
    Dispute,
    FinanceNote,
    Payment,
    PaymentReceipt,
    owed_by_organisation,
    owed_outstanding,
    owed_to_organisation,
)
from concord.deals.models.royalties import (
    RoyaltyReport,
    RoyaltyRestatement,
    RoyaltyTerm,
    RoyaltyTier,
)
from concord.deals.models.terms import DealTerms, Fee, Milestone

__all__ = [
    "USER",
    "Amendment",
    "AmendmentAct",
    "AuditRequest",
    "BuyOption",
    "CostEntry",
    "CostShare",
    "CostWorkstream",
    "DealTerms",
    "Dispute",
    "Fee",
    "FinanceNote",
    "Milestone",
    "Payment",
    "PaymentReceipt",
    "RoyaltyReport",
    "RoyaltyRestatement",
    "RoyaltyTerm",
    "RoyaltyTier",
    "Tranche",
    "TrueUp",
    "currency_field",
    "money_field",
    "owed_by_organisation",
    "owed_outstanding",
    "owed_to_organisation",
    "party_field",
    "quarter_bounds",
    "quarter_label",
    "value_in_force",
]
