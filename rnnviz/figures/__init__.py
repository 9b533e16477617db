"""`rnnviz figures`: the whole course's figure set in one command, under the notes' own names.

- :mod:`~rnnviz.figures.course`: the course set, every image of the notes as data;
- :mod:`~rnnviz.figures.plan`: the options checked, the files to write, their order and shards;
- :mod:`~rnnviz.figures.build`: the pool of workers rendering through the render cache;
- :mod:`~rnnviz.figures.worker`: one file, rendered and described;
- :mod:`~rnnviz.figures.manifest`, :mod:`~rnnviz.figures.gallery`, :mod:`~rnnviz.figures.notes`:
  ``figures.json``, ``index.html`` and the notes' copy with rewritten links;
- :mod:`~rnnviz.figures.merge`: shards made apart joined into one set.
"""
