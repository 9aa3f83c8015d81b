"""Open-government plans, as project matrices (Word/PDF) or as slide decks."""
