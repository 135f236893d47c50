"""Scoring: rank offers for one customer by their value to that customer, and say why.

Pure functions over `Candidate`s (whole-year cost and criterion values). Commission,
sponsorship, the calling partner and disclosures are not parameters of anything here.
"""

from advocate.scoring.candidates import Candidate, OfferFacts, candidate_from_estimate
from advocate.scoring.criteria import (
    CATEGORY_CRITERIA,
    DEFAULT_PRIORITIES,
    KNOWN_CRITERIA,
    Criterion,
    Direction,
    criteria_for,
)
from advocate.scoring.dominance import dominated_by, dominates
from advocate.scoring.methodology import METHODOLOGY_VERSION, methodology, published_versions
from advocate.scoring.ranking import Ranked, rank
from advocate.scoring.reasons import money, tax_words
from advocate.scoring.stated import STATED_PREFERENCES, StatedVsNeeded, stated_vs_needed
from advocate.scoring.weights import Weights, roc_weights, weights_from_priorities

__all__ = [
    "CATEGORY_CRITERIA", "DEFAULT_PRIORITIES", "KNOWN_CRITERIA", "METHODOLOGY_VERSION",
    "STATED_PREFERENCES", "Candidate", "Criterion", "Direction", "OfferFacts", "Ranked",
    "StatedVsNeeded", "Weights", "candidate_from_estimate", "criteria_for", "dominated_by",
    "dominates", "methodology", "money", "published_versions", "rank", "roc_weights",
    "stated_vs_needed", "tax_words", "weights_from_priorities",
]
