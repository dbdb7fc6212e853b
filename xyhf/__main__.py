from xyhf.cli import run

run()
