"""The look: the theme (every size, colour and style), the fonts it embeds, colours and output profiles."""
