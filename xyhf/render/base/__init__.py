"""The page shell and the helpers every renderer uses: Jinja and escaping, columns, charts, zips, GitHub text."""
