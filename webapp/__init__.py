"""The Streamlit side: interface strings, session state and the widgets for each kind of field.

Pages import from here; the contract itself always comes from contract_builder.
"""
