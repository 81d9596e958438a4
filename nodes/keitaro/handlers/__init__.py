"""Pure helpers of the Keitaro node: validation, URL building, masking, response decisions."""
