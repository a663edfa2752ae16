"""Korean search for the portal: analysis (kiwipiepy + n-grams), the index, and queries."""
