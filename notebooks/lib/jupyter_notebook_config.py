# Configuration of `npm run jupyter` (classic Jupyter Notebook 6, Debian's jupyter-notebook package).
# tslab compiles cells relative to the kernel's working directory, and the notebooks import ./sdk/... and
# ./notebooks/lib/... from the repository root: so every kernel starts in the root, not in the notebook's folder
# (what `npm run notebooks` does too).
import os

from notebook.services.kernels.kernelmanager import MappingKernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class RootKernelManager(MappingKernelManager):
    def cwd_for_path(self, path):
        return ROOT


c = get_config()  # noqa: F821 (provided by Jupyter when it loads this file)
c.NotebookApp.kernel_manager_class = RootKernelManager
c.NotebookApp.notebook_dir = ROOT
c.NotebookApp.default_url = "/tree/notebooks"
