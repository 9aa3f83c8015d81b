"""Communal action programmes (PAC): the grid of projects and actions, its summary and its names."""
