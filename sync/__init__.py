"""The exchange between the nodes (sites, mobile units) and central: trust first, then data."""
