"""What the receiving agency did with a referral, and how long to wait before asking again."""

from __future__ import annotations

from dataclasses import dataclass

ACCEPTED = "accepted"
NO_FURTHER_ACTION = "no_further_action"
STRATEGY_DISCUSSION = "strategy_discussion"
NRM_REASONABLE_GROUNDS = "nrm_reasonable_grounds"
NRM_CONCLUSIVE_GROUNDS = "nrm_conclusive_grounds"

OUTCOMES = (ACCEPTED, NO_FURTHER_ACTION, STRATEGY_DISCUSSION, NRM_REASONABLE_GROUNDS,
            NRM_CONCLUSIVE_GROUNDS)

OUTCOME_LABELS: dict[str, dict[str, str]] = {
    ACCEPTED: {"en": "Accepted", "vi": "Đã tiếp nhận"},
    NO_FURTHER_ACTION: {"en": "No further action", "vi": "Không có hành động tiếp theo"},
    STRATEGY_DISCUSSION: {"en": "Strategy discussion", "vi": "Họp thảo luận phương án"},
    NRM_REASONABLE_GROUNDS: {"en": "NRM: reasonable grounds decision",
                             "vi": "NRM: quyết định có căn cứ hợp lý"},
    NRM_CONCLUSIVE_GROUNDS: {"en": "NRM: conclusive grounds decision",
                             "vi": "NRM: quyết định có căn cứ kết luận"},
}


@dataclass(frozen=True)
class ResponseWait:
    """How long a referrer waits for word back before contacting the agency again."""

    working_days: int
    source: str


# "Verify" marks a figure to check against the primary text before relying on it.
RESPONSE_WAITS: dict[str, ResponseWait] = {
    "england": ResponseWait(3, "Working Together to Safeguard Children: a referrer who has "
                               "not heard back within three working days contacts children's "
                               "social care again (verify)"),
    "vietnam": ResponseWait(3, "Law 53/2024/QH15 Art. 27: initial verification within 3 days "
                               "of the notice (verify; counted here as working days)"),
}


def validate_outcome(outcome: str) -> list[str]:
    return [] if outcome in OUTCOMES else ["outcome_invalid"]
