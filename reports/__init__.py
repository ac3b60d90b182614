"""Figures the network is judged on: State / FSE+ yearly report, coordinators' dashboards, veille sociale.

Central only. Summary tables (reports.models) are kept up to date by `reports.summaries.refresh`
after sales and stock movements reach central; indicators (reports.indicators) are pure functions
over those aggregates; every figure can be traced back to its pseudonymous rows (reports.drill).
"""
