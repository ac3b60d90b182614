"""The collectes: the yearly national food collection and local ones, in partner shops, on central."""
