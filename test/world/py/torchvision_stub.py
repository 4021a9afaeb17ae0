"""Lets open_clip import on this mirror's torchvision (a CUDA build whose op registrations fail on a CPU-only torch).

Import this module before open_clip: it pre-registers empty stand-ins for torchvision's meta/autograd registration
modules; the PIL-based transforms open_clip's preprocessing uses are unaffected.
"""
import sys
import types

for _name in ("torchvision._meta_registrations", "torchvision._autograd_registrations"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
