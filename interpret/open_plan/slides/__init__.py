"""Open plans laid out as slides: one project per slide, fields as labelled text blocks."""
