"""Uploading a file from the page: ``FileUpload`` (a drop zone with a "choose file" button).

Solara's ``FileDrop`` only takes files dragged onto it: a planner on a laptop touchpad, or
whose file manager does not drag into the browser, cannot load a scenario file at all. This
zone takes both a drop and a file chosen through an ordinary ``<input type="file">``, and
reads the file the way ``FileDrop`` does (ipyvuetify's chunked ``FileInput`` protocol, in a
thread), handing ``on_file({"name", "size", "data"})`` the whole file.
"""

from collections.abc import Callable

import solara
import traitlets
from ipyvuetify.extra import FileInput

__all__ = ["FileUpload"]

TEMPLATE = """
<template>
  <div ref="zone" class="viz-upload">
    <span class="viz-upload-label">{{ chosen || label }}</span>
    <label class="viz-upload-pick">
      {{ pick_label }}
      <input ref="input" type="file" :accept="accept" @change="pick" />
    </label>
  </div>
</template>
<script>
module.exports = {
  mounted() {
    this.$refs.zone.addEventListener("dragover", e => e.preventDefault());
    this.$refs.zone.addEventListener("drop", e => {
      e.preventDefault();
      this.take([...e.dataTransfer.files]);
    });
  },
  methods: {
    pick(e) {
      this.take([...e.target.files]);
      e.target.value = "";  // the same file chosen again is read again
    },
    take(files) {
      if (!files.length) return;
      this.native_file_info = files.slice(0, 1);
      this.chosen = files[0].name;
      this.file_info = this.native_file_info.map(
        ({name, size, lastModified}) => ({name, size, lastModified, at: Date.now()}));
    },
    jupyter_clear() {
      this.native_file_info = [];
      this.file_info = [];
    },
    jupyter_read(chunk) {
      const {id, file_index, offset, length} = chunk;
      (async () => {
        const file = this.native_file_info[file_index];
        const buff = await file.slice(offset, offset + length).arrayBuffer();
        this.upload({id, file_index, offset, length}, [buff]);
      })();
    },
  },
};
</script>
<style id="viz-upload">
.viz-upload { border: 1px dashed gray; margin: 8px 0; padding: 8px; min-height: 64px; }
.viz-upload-label { display: block; margin-bottom: 6px; }
.viz-upload-pick { display: inline-block; padding: 2px 10px; border: 1px solid #1976d2;
  border-radius: 4px; color: #1976d2; cursor: pointer; position: relative; }
.viz-upload-pick input { position: absolute; width: 1px; height: 1px; opacity: 0;
  overflow: hidden; left: 0; top: 0; }
</style>
"""


class _UploadZone(FileInput):
    """ipyvuetify's ``FileInput`` (its chunked reading) behind a drop zone and a file button."""

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    data = traitlets.Unicode("{chosen: ''}").tag(sync=True)  # the chosen file's name
    label = traitlets.Unicode().tag(sync=True)
    pick_label = traitlets.Unicode().tag(sync=True)


@solara.component
def FileUpload(  # noqa: N802 — Solara components are CamelCase
    label: str,
    pick_label: str,
    on_file: Callable[[dict], None],
    accept: str = "",
):
    """A drop zone with a "choose file" button; ``on_file`` gets the file's name, size and data.

    Parameters
    ----------
    label : str
        Text in the zone (until a file is chosen; then the file's name).
    pick_label : str
        Text of the button that opens the browser's file picker.
    on_file : callable
        Called (in a worker thread) with ``{"name": str, "size": int, "data": bytes}``.
    accept : str
        The file picker's filter, e.g. ``".toml"``.
    """
    info, set_info = solara.use_state(None)
    files, set_files = solara.use_state(None)
    zone = _UploadZone.element(
        label=label, pick_label=pick_label, accept=accept, multiple=False, on_file_info=set_info
    )

    def wire():  # the widget's file handles, made where the widget lives (as FileDrop does)
        if info:
            real = solara.get_widget(zone)
            real.version += 1
            real.reset_stats()
            set_files(real.get_files())

    solara.use_effect(wire, [info])

    def read(_cancel):
        if files:
            f = files[0]
            on_file({"name": f["name"], "size": f["size"], "data": f["file_obj"].read()})

    result = solara.use_thread(read, [files])
    if result.error:
        raise result.error
    return zone
