"""The staff's web page: `sheets serve`."""
