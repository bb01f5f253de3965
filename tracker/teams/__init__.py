"""Joining and running a team: invitations by email, shareable join links, join requests, role changes and
removals, each in the audit history and announced to the person concerned."""
