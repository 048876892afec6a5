"""The resolver's parts: candidates from each stage, the overlap policy, entity grouping
and the verb tense that dates resolve with. ``components.resolver`` puts them together."""
