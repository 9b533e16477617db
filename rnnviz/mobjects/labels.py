"""The words on screen, in English and Chinese.

Chinese terms are the course notes' own (遗忘门, 细胞状态, ...). Every label a figure shows goes
through :func:`term`, so a figure switches language with one argument.

>>> from rnnviz.mobjects.labels import term, intent_name
>>> term("forget_gate", "zh")
'遗忘门'
>>> term("step_t", "zh", t=3)
'第 3 步'
>>> intent_name("ask_time", "zh")
'问时间'
"""

from __future__ import annotations

__all__ = ["LANGS", "TERMS", "INTENTS", "PART_TERMS", "term", "intent_name", "part_term"]

LANGS: tuple[str, ...] = ("en", "zh")

#: Every term a figure prints. Entries with ``{field}`` take keyword arguments in :func:`term`.
TERMS: dict[str, dict[str, str]] = {
    # gates and states
    "forget_gate": {"en": "forget gate", "zh": "遗忘门"},
    "input_gate": {"en": "input gate", "zh": "输入门"},
    "output_gate": {"en": "output gate", "zh": "输出门"},
    "reset_gate": {"en": "reset gate", "zh": "重置门"},
    "update_gate": {"en": "update gate", "zh": "更新门"},
    "cell_state": {"en": "cell state", "zh": "细胞状态"},
    "hidden_state": {"en": "hidden state", "zh": "隐藏状态"},
    "candidate": {"en": "candidate", "zh": "候选值"},  # LSTM g_t
    "candidate_hidden": {"en": "candidate hidden state", "zh": "候选隐藏状态"},  # GRU n_t
    "prev_hidden_state": {"en": "previous hidden state", "zh": "前一个隐藏状态"},
    "prev_cell_state": {"en": "previous cell state", "zh": "前一个细胞状态"},
    "new_hidden_state": {"en": "new hidden state", "zh": "新的隐藏状态"},
    "new_cell_state": {"en": "new cell state", "zh": "新的细胞状态"},
    "gate": {"en": "gate", "zh": "门"},
    "state": {"en": "state", "zh": "状态"},
    "memory": {"en": "memory", "zh": "记忆"},
    # structure
    "time_step": {"en": "time step", "zh": "时间步"},
    "step_t": {"en": "step {t}", "zh": "第 {t} 步"},
    "layer": {"en": "layer", "zh": "层"},
    "layer_n": {"en": "layer {n}", "zh": "第 {n} 层"},
    "bidirectional": {"en": "bidirectional", "zh": "双向"},
    "stacked": {"en": "stacked", "zh": "多层"},
    "forward": {"en": "forward", "zh": "正向"},
    "backward": {"en": "backward", "zh": "反向"},
    "cell": {"en": "cell", "zh": "单元"},
    "weights": {"en": "weights", "zh": "权重"},
    "shared_weights": {"en": "shared weights", "zh": "共享权重"},
    "units": {"en": "units", "zh": "单元数"},
    # data flow
    "input": {"en": "input", "zh": "输入"},
    "output": {"en": "output", "zh": "输出"},
    "concatenate": {"en": "concatenate", "zh": "拼接"},
    "multiply": {"en": "multiply", "zh": "相乘"},
    "add": {"en": "add", "zh": "相加"},
    "sentence": {"en": "sentence", "zh": "句子"},
    "word": {"en": "word", "zh": "词"},
    "token": {"en": "token", "zh": "词"},
    "embedding": {"en": "embedding", "zh": "词向量"},
    "colours_repeat": {"en": "token colours repeat every {n} tokens", "zh": "词的颜色每 {n} 个词重复一次"},
    "units_shown": {"en": "{shown} of {size} units", "zh": "共 {size} 个单元，显示 {shown} 个"},
    "rounded_sum": {"en": "printed values are rounded; row {row} is {terms} = {total}",
                    "zh": "显示的数值已四舍五入；第 {row} 行为 {terms} = {total}"},
    "classifier": {"en": "classifier", "zh": "分类器"},
    "prediction": {"en": "prediction", "zh": "预测"},
    "intent": {"en": "intent", "zh": "意图"},
    "probability": {"en": "probability", "zh": "概率"},
    "influence": {"en": "influence", "zh": "影响"},
    "keep": {"en": "keep", "zh": "保留"},
    "forget": {"en": "forget", "zh": "遗忘"},
    # the phases of a time step (the ``step`` scene's titles)
    "input_and_candidate": {"en": "input gate & candidate", "zh": "输入门与候选值"},
    "update_keeps_old": {"en": "update gate: keep the old state", "zh": "更新门：保留旧状态"},
    "update_takes_new": {"en": "update gate: let the candidate in", "zh": "更新门：接收候选隐藏状态"},
    "pytorch_z": {"en": "PyTorch convention: z weights the OLD state", "zh": "PyTorch 约定：z 加权的是旧状态"},
    "tanh_layer": {"en": "the tanh layer", "zh": "tanh 层"},
    "relu_layer": {"en": "the ReLU layer", "zh": "ReLU 层"},
    "to_next_step": {"en": "carried to the next time step", "zh": "传递到下一个时间步"},
    "projection": {"en": "projection", "zh": "投影"},
    "projection_sizes": {"en": "the projection maps {hidden} units to {proj}", "zh": "投影把 {hidden} 个单元映射为 {proj} 个"},
    "squash_cell_state": {"en": "tanh squashes the cell state", "zh": "tanh 压缩细胞状态"},
    # naming a cell's parts (the cell and gates scenes)
    "cell_title": {"en": "the {arch} cell", "zh": "{arch} 单元结构"},
    "chain_title_lstm": {"en": "the cell state runs through every step like a conveyor belt",
                         "zh": "细胞状态像传送带一样贯穿每个时间步"},
    "chain_title": {"en": "the hidden state runs through every step", "zh": "隐藏状态贯穿每个时间步"},
    "nn_layer": {"en": "neural network layer", "zh": "神经网络层"},
    "pointwise_op": {"en": "pointwise operation", "zh": "逐点运算"},
    "vector_transfer": {"en": "vector", "zh": "向量传递"},
    "copy": {"en": "copy", "zh": "复制"},
    "pointwise_multiply": {"en": "pointwise ×", "zh": "逐点相乘"},
    "pointwise_add": {"en": "pointwise +", "zh": "逐点相加"},
    "pointwise_tanh": {"en": "pointwise tanh", "zh": "逐点 tanh"},
    "one_minus": {"en": "1 − z", "zh": "1 − z"},
    "matrix_product": {"en": "matrix product", "zh": "矩阵乘积"},
    "gates_title_lstm": {"en": "three gates and one state", "zh": "三门一状态"},
    "gates_title_gru": {"en": "two gates and one state", "zh": "两个门和一个状态"},
    "forget_gate_decides": {"en": "decides what to drop from the cell state: near 0 forgets, near 1 keeps",
                            "zh": "决定丢弃细胞状态中的哪些信息：接近 0 遗忘，接近 1 保留"},
    "input_gate_decides": {"en": "decides which new values of this step to write into the cell state",
                           "zh": "决定把当前时间步的哪些新信息写入细胞状态"},
    "output_gate_decides": {"en": "decides which part of the cell state becomes the hidden state",
                            "zh": "决定细胞状态的哪些部分成为隐藏状态"},
    "cell_state_carries": {"en": "the memory carried along the sentence, changed only by × and +",
                           "zh": "沿整个序列传递的记忆，只经过逐点相乘和相加"},
    "reset_gate_decides": {"en": "decides how much of the previous state goes into the candidate",
                           "zh": "决定前一个隐藏状态有多少进入候选隐藏状态"},
    "update_gate_decides": {"en": "decides how much old state to keep (z) and how much of the candidate to take "
                                  "(1 − z): in PyTorch, z weights the OLD state",
                            "zh": "决定保留多少旧状态（z）、接收多少候选隐藏状态（1 − z）：PyTorch 中 z 加权的是旧状态"},
    "hidden_state_carries": {"en": "the memory carried along the sentence, and the cell's output",
                             "zh": "沿序列传递的记忆，同时也是输出"},
    "equations_title": {"en": "one step, written out for unit {k}", "zh": "一个时间步的计算：代入第 {k} 个单元的真实数值"},
    "substituted_note": {"en": "W x: row {k} of W times the vector · numbers rounded to two decimals",
                         "zh": "W x：W 的第 {k} 行与向量的点积 · 数值保留两位小数"},
    # the RNN chapter's scenes (structure, loop, hidden-pass, sequence, unroll, graph)
    "structure_title": {"en": "a recurrent network: the hidden layer feeds itself", "zh": "典型的 RNN 网络：隐藏层的输出回到自身"},
    "loop_title": {"en": "the same hidden layer runs once per time step", "zh": "隐藏层在每个时间步重复执行"},
    "hidden_pass_title": {"en": "the hidden state is passed to the next step", "zh": "隐藏状态传递到下一个时间步"},
    "sequence_title": {"en": "the sentence goes in one token per time step", "zh": "序列逐个时间步输入"},
    "unroll_title": {"en": "unrolled along time", "zh": "按时间步展开"},
    "graph_title": {"en": "computation graph", "zh": "计算图"},
    "input_layer": {"en": "input layer", "zh": "输入层"},
    "hidden_layer": {"en": "hidden layer", "zh": "隐藏层"},
    "output_layer": {"en": "output layer", "zh": "输出层"},
    "becomes_embedding": {"en": "each token becomes its embedding vector ({n} numbers)", "zh": "每个词变成它的词向量（{n} 个数）"},
    "one_per_step": {"en": "one per time step", "zh": "每个时间步一个"},
    "same_weights": {"en": "the same weights at every step", "zh": "每个时间步用同一份权重"},
    "same_weights_answer": {"en": "is W the same at each step? yes: one {ih} and one {hh}",
                            "zh": "每个时间步的 W 是同一份吗？是：只有一个 {ih} 和一个 {hh}"},
    "in_the_notes": {"en": "in the course notes", "zh": "课程笔记中的写法"},
    "real_numbers_at": {"en": "real numbers of step {t}", "zh": "第 {t} 步的真实数值"},
    "output_per_step": {"en": "an output at every step, if the task needs one", "zh": "每步都可以有输出（如果任务需要）"},
    "reads_last_state": {"en": "this classifier reads only the last state", "zh": "这个分类器只读取最后一个状态"},
    # the application case and short-term memory (intent, classify, memory)
    "intent_title": {"en": "intent recognition: the sentence enters word by word", "zh": "意图识别：句子逐词输入"},
    "share_note": {"en": "a word's slice of a state is its share: its influence on the state, over all words read so far",
                   "zh": "每个词在状态中的扇区就是它的占比：它对该状态的影响，在已读的所有词上归一化"},
    "classify_title": {"en": "only the last output decides the intent", "zh": "判断意图只需要最后一个输出"},
    "output_note": {"en": "every step could have an output (o in the notes); this classifier uses only the last one",
                    "zh": "每一步都可以有输出（笔记中的 o）；这个分类器只使用最后一个"},
    "not_used": {"en": "not used", "zh": "未使用"},
    "intent_is": {"en": "intent: {name}", "zh": "意图：{name}"},
    "memory_title": {"en": "short-term memory: how much of the first word is left in the state",
                     "zh": "短期记忆：状态中还剩多少第一个词"},
    "word_share": {"en": 'share of "{word}" in the state', "zh": "\u201c{word}\u201d在状态中的占比"},
    "reach_title": {"en": "why: how strongly step t still reaches the last state", "zh": "原因：第 t 步对最后状态的影响"},
    "forgets_fastest": {"en": "on this sentence the {arch} forgets the first word fastest: {share} of its last state is left",
                        "zh": "在这句话上 {arch} 遗忘第一个词最快：它的最后状态中只剩 {share}"},
    "rnn_not_fastest": {"en": "on this sentence the RNN does not forget the first word fastest: the {arch} keeps least "
                              "({share} of its last state)",
                        "zh": "在这句话上 RNN 并不是遗忘第一个词最快的：{arch} 保留得最少（最后状态中占 {share}）"},
    # the GRU chapter's scenes (reset-gate, update-gate, vs, variants)
    "unit_k": {"en": "unit {k}", "zh": "第 {k} 个单元"},
    "recurrent_part": {"en": "the old state's part of the candidate", "zh": "候选隐藏状态中的旧状态部分"},
    "reset_lets_through": {"en": "unit {k}: the reset gate lets {share} of the old state's part through",
                           "zh": "第 {k} 个单元：重置门只让旧状态部分的 {share} 通过"},
    "update_between": {"en": "each unit's new state lies between its old state and the candidate",
                       "zh": "每个单元的新状态介于旧状态与候选隐藏状态之间"},
    "convention_in_use": {"en": "PyTorch, Cho et al. 2014 (these numbers): z weights the OLD state",
                          "zh": "PyTorch、Cho 等 2014（本图数值）：z 加权旧状态"},
    "convention_other": {"en": "colah, Chung et al. 2014, many course notes: z weights the NEW candidate",
                         "zh": "colah、Chung 等 2014 及许多课程笔记：z 加权新的候选状态"},
    "convention_same": {"en": "the same GRU: their z is PyTorch's 1 − z", "zh": "同一个 GRU：它们的 z 就是 PyTorch 的 1 − z"},
    "vs_title": {"en": "LSTM and GRU on the same sentence", "zh": "LSTM 与 GRU：同一个句子"},
    "gates_n": {"en": "{n} gates", "zh": "{n} 个门"},
    "parameters": {"en": "parameters", "zh": "参数量"},
    "states": {"en": "states", "zh": "状态"},
    "variants_title": {"en": "where the reset gate acts: two GRUs, the same weights",
                       "zh": "重置门作用的位置：两种 GRU，同一份权重"},
    "variant_pytorch": {"en": "PyTorch, cuDNN: reset after the matrix product", "zh": "PyTorch、cuDNN：先乘矩阵，再重置"},
    "variant_cho": {"en": "Cho et al. 2014: reset before the matrix product", "zh": "Cho 等 2014：先重置，再乘矩阵"},
    "pytorch_short": {"en": "PyTorch", "zh": "PyTorch"},
    "cho_short": {"en": "Cho et al.", "zh": "Cho 等"},
    "cho_minus_pytorch": {"en": "Cho − PyTorch", "zh": "Cho − PyTorch"},
    "labelled": {"en": "{label}: {value}", "zh": "{label}：{value}"},
    # which part of a larger network a figure draws
    "stacked_layer": {"en": "layer {n} of {total}", "zh": "多层：第 {n} / {total} 层"},
    "bidirectional_forward": {"en": "forward", "zh": "双向：正向"},
    "bidirectional_backward": {"en": "backward", "zh": "双向：反向"},
    "input_from_layer": {"en": "layer {n} reads layer {below}'s hidden states as its input x",
                         "zh": "第 {n} 层的输入 x 是第 {below} 层的隐藏状态"},
    "input_from_layer_both": {"en": "layer {n} reads layer {below}'s hidden states, both directions, as its input x",
                              "zh": "第 {n} 层的输入 x 是第 {below} 层两个方向的隐藏状态"},
    "initial_state_zero": {"en": "the state starts at zero", "zh": "初始状态为零"},
    "classifier_reads_both": {"en": "the classifier reads the final states of both directions of layer {n}; "
                              "this figure draws one",
                              "zh": "分类器读取第 {n} 层两个方向的最终状态；本图只画了一个方向"},
    "classifier_reads_layer": {"en": "the classifier reads layer {n}'s final state; this figure draws layer {drawn}",
                               "zh": "分类器读取第 {n} 层的最终状态；本图画的是第 {drawn} 层"},
    # the engineering view
    "engineering_title": {"en": "engineering view: one matrix product per step", "zh": "工程视角：每个时间步一次矩阵乘法"},
    "why_no_product": {"en": "why is there no matrix product per step?", "zh": "每个时间步为何没有矩阵相乘？"},
    "input_parts_at_once": {"en": "the input parts of all {steps} steps: ONE product, before the loop",
                            "zh": "全部 {steps} 个时间步的输入部分：循环之前的一次乘法"},
    "only_h_part_waits": {"en": "each step adds only the h part: it must wait for the step before",
                          "zh": "每步只剩 h 部分要算：它必须等上一步算完"},
    "gate_order": {"en": "rows in PyTorch's order: {order}", "zh": "行按 PyTorch 的顺序：{order}"},
    # squashing
    "squash_title": {"en": "squashing: sigmoid into (0, 1), tanh into (−1, 1)", "zh": "压缩：sigmoid 压到 (0, 1)，tanh 压到 (−1, 1)"},
    "squash_real": {"en": 'the real input of the tanh at step {t} ("{token}")', "zh": "第 {t} 步（{token}）tanh 的真实输入"},
    "again_and_again": {"en": "the same matrix again and again", "zh": "反复乘以同一个矩阵"},
    "length_log": {"en": "length (log scale)", "zh": "长度（对数坐标）"},
    "explodes": {"en": "explodes without tanh: ×{rho} per product", "zh": "不加 tanh 会爆炸：每乘一次约 ×{rho}"},
    "vanishes": {"en": "vanishes without tanh: ×{rho} per product", "zh": "不加 tanh 会消失：每乘一次约 ×{rho}"},
    "bounded": {"en": "with tanh every unit stays in (−1, 1)", "zh": "加 tanh 后每个单元都在 (−1, 1) 之内"},
    # bidirectional
    "bidirectional_title": {"en": "bidirectional: two chains, each with its own weights", "zh": "双向：两条链，各有自己的权重"},
    "reads_reversed": {"en": "the backward chain reads the sentence reversed", "zh": "反向链把句子倒过来读"},
    "h_n_or_output": {"en": "h_n is not output[-1]", "zh": "h_n 不是 output[-1]"},
    "h_n_holds": {"en": 'its backward half has read all {n} tokens, back to "{token}"',
                  "zh": "反向一半读完了全部 {n} 个词，回到“{token}”"},
    "output_last_holds": {"en": 'its backward half has read only "{token}"', "zh": "反向一半只读过“{token}”"},
    "classifier_reads_h_n": {"en": "the classifier reads h_n: {intent} {percent}", "zh": "分类器读取 h_n：{intent} {percent}"},
    # stacked
    "stacked_title": {"en": "stacked: each layer's state is the input of the layer above",
                      "zh": "多层：每层的隐藏状态就是上一层的输入"},
    "h_n_per_layer": {"en": "h_n: one final state per layer", "zh": "h_n：每层一个最终状态"},
    "classifier_reads_top": {"en": "the classifier reads the top layer's: {intent} {percent}",
                             "zh": "分类器读取最上层的：{intent} {percent}"},
    "units_drawn": {"en": "the first {units} units of each block drawn", "zh": "每块只画出前 {units} 个单元"},
    "n_kept_apart": {"en": "n keeps its two parts apart: the reset gate scales the h part after the product",
                     "zh": "n 的两部分分开：重置门在乘法之后才作用于 h 部分"},
}

#: Display names of the demo classifiers' intents.
INTENTS: dict[str, dict[str, str]] = {
    "ask_time": {"en": "ask time", "zh": "问时间"},
    "ask_weather": {"en": "ask weather", "zh": "问天气"},
    "set_alarm": {"en": "set alarm", "zh": "设闹钟"},
    "play_music": {"en": "play music", "zh": "放音乐"},
    "greeting": {"en": "greeting", "zh": "打招呼"},
    "thanks": {"en": "thanks", "zh": "致谢"},
    "book_restaurant": {"en": "book restaurant", "zh": "订餐厅"},
}

#: The term naming each part of a cell (theme part names); the candidate depends on the arch.
PART_TERMS: dict[str, str] = {
    "forget": "forget_gate",
    "input": "input_gate",
    "output": "output_gate",
    "reset": "reset_gate",
    "update": "update_gate",
    "cell": "cell_state",
    "hidden": "hidden_state",
    "input_x": "input",
}


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {list(LANGS)}")


def term(key: str, lang: str = "en", **fields: object) -> str:
    """The term ``key`` in ``lang`` (``en`` or ``zh``), with ``{fields}`` filled in."""
    _check_lang(lang)
    if key not in TERMS:
        raise KeyError(f"unknown term {key!r}; known terms: {', '.join(sorted(TERMS))}")
    try:
        return TERMS[key][lang].format(**fields)
    except KeyError as missing:
        raise ValueError(f"term {key!r} needs the field {missing}") from None


def intent_name(label: str, lang: str = "en") -> str:
    """Display name of an intent label; labels of a user's own model are shown as they are."""
    _check_lang(lang)
    return INTENTS[label][lang] if label in INTENTS else label


def part_term(part: str, lang: str = "en", arch: str = "lstm") -> str:
    """The name of a cell part (``forget``, ``candidate``, ...), e.g. GRU's candidate is n_t."""
    if part == "candidate":
        return term("candidate_hidden" if arch == "gru" else "candidate", lang)
    if part not in PART_TERMS:
        raise ValueError(f"unknown part {part!r}; expected one of {sorted([*PART_TERMS, 'candidate'])}")
    return term(PART_TERMS[part], lang)
