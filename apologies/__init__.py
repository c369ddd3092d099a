"""The apology: its five steps, the language lexicon that checks them, composing and sending.

Imports point one way: apologies → cases → recovery.
"""
