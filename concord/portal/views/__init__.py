"""The portal's pages by audience: `public` (anyone, with or without an account) and `team` (the
receiving organisation's people)."""
