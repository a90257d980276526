"""specgen: spec-driven code generation for the Arm RMM specification (DEN0137).

The pipeline runs one way: ``pdf`` (layout) -> ``structure`` (sections, tables) ->
``extract`` (typed IR) -> ``lang`` (lark ASTs) -> ``generate`` -> ``diff``; ``cli`` drives it.
"""

__version__ = "0.1.0"
