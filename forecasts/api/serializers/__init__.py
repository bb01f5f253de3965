"""The forecasts API's serializers, one module per resource: questions, forecasts, scores, discussion."""
