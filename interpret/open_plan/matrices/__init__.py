"""Open plans laid out as project matrices: one table block per project, activities as rows."""
