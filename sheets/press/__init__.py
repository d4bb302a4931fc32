"""The print shop's post-processing: PDF/X conversion and saddle-stitch imposition."""
