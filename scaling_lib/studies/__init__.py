"""Analyses over laws and data: loss curves, the reconciliation of Kaplan and Chinchilla, synthetic
runs, the simulated training service and the compute planner. Studies import laws and data, never
``book``: they return numbers and records, and chapters show them.
"""
