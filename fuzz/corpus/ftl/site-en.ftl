# Site-specific UI strings for the Driftwood support site (English).

site-tagline = Help and answers for Driftwood, the Kubernetes backup and restore operator.
footer-text = Driftwood is an open-source project. Content licensed CC BY 4.0.
footer-edit = Improve this page
