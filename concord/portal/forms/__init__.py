"""The portal's forms by audience: `public` (the submitter) and `team` (the receiving organisation)."""
