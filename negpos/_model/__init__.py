"""The model layer: issues, stances, documents, the negotiation and standing positions.

Everything here is a frozen pydantic model or a pure function on them. The layer imports
nothing above it; the one file that reaches up is ``negotiation.py``, whose convenience
methods (``Negotiation.compare`` and friends) import the analyses when they are called.
"""
