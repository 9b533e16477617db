"""The render pipeline: a Trace (or a sentence) in, a GIF, MP4, WebM or PNG file out.

manim is configured in code for each job, renders in a private media folder and hands every
frame to rnnviz's own encoders; finished files are cached by everything that decides them.
Nothing heavy is imported until a render actually runs. Users call it as ``rnnviz.render``:

.. code-block:: python

    import rnnviz
    from rnnviz.rendering.pipeline import render_sentence

    rnnviz.render(rnnviz.Trace.load("lstm.json"), scene="step", output="lstm.gif")
    render_sentence("lstm", "what time is it", output="lstm.mp4")
"""
