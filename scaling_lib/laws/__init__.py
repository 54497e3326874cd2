"""Formulas, published constants and fits of the scaling-law papers: numpy and scipy only.

A module named for a paper (``kaplan``, ``chinchilla``) holds that paper's constants, printed tables and
the formulas only it uses; a module named for an idea (``powerlaw``, ``isoflop``, ``accounting``) holds a
formula several papers share. Laws import only other laws, ``validation`` and ``formatting``.
"""
