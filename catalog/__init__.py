"""What the warehouse means: one description source (descriptions.toml) for its COMMENT ON
statements, the data dictionary (`plans docs`) and the README's view tables."""
