"""The web UI's pages that show forecasts next to questions (tracker's pages cannot: tracker never imports forecasts)."""
