"""The render pipeline: a Trace (or a sentence) in, a GIF, MP4, WebM or PNG file out.

manim is configured in code for each job, renders in a private media folder and hands every
frame to rnnviz's own encoders; finished files are cached by everything that decides them.
Nothing heavy is imported until a render actually runs. Users call it as ``rnnviz.render``:

>>> import rnnviz
>>> rnnviz.render(trace, scene="step", output="lstm.gif")             # doctest: +SKIP
PosixPath('/home/me/lstm.gif')
>>> from rnnviz.rendering.pipeline import render_sentence
>>> render_sentence("lstm", "what time is it", output="lstm.mp4")    # doctest: +SKIP
PosixPath('/home/me/lstm.mp4')
"""
