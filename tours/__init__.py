"""The mobile units' tours: dated stops of each van, their kiosk and paper calendars, the till's
attachment of each sale to the stop where it happened, and the figures per stop."""
