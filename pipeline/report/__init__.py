"""``bulletins report``: what a dataset covers, as one HTML page or a terminal summary."""
