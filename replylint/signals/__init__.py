"""Signals: facts about a reply or the customer's message that several rules can share."""
