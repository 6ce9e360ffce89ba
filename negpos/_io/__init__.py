"""The input and output layer: strict YAML and JSON files, dataset folders, the schema.

It turns files and text into validated documents of the model layer and back, and turns every
problem into an ``InputError`` naming the file, the line and the field.
"""
