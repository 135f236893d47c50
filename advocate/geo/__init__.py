"""Places: turning what a customer says about where they live into the keys offers are sold by."""
