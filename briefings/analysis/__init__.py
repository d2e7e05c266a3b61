"""What a briefing says about the facts, as pure functions over records (see DESIGN.md)."""
