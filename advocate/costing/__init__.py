"""Pure cost models, one module per category: whole-year cost of an offer at a customer's use."""
